import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PROVIDERS, ProviderName } from '../schemas/identity.schema';

export class ProviderParam {
  @ApiProperty({ enum: PROVIDERS })
  @IsIn([...PROVIDERS], { message: 'provider must be google, facebook or linkedin' })
  provider: ProviderName;
}
