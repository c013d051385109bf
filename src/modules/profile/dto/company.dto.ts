import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { COMPANY_SIZES, COMPANY_TYPES, type CompanySize, type CompanyType } from '../schemas/profile.schema';
import { IsSingleLine, Trim } from '../validation/profile-validators';

/** The company you work for. Replaced as a whole when sent; null removes it. */
export class CompanyDto {
  @ApiPropertyOptional({ example: 'Nordmann AS', maxLength: 200, nullable: true })
  @Trim()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsSingleLine()
  name?: string | null;

  @ApiPropertyOptional({ enum: COMPANY_SIZES, description: 'Number of employees', nullable: true })
  @IsOptional()
  @IsIn(COMPANY_SIZES as unknown as string[], { message: `size must be one of ${COMPANY_SIZES.join(', ')}` })
  size?: CompanySize | null;

  @ApiPropertyOptional({ enum: COMPANY_TYPES, nullable: true })
  @IsOptional()
  @IsIn(COMPANY_TYPES as unknown as string[], { message: `type must be one of ${COMPANY_TYPES.join(', ')}` })
  type?: CompanyType | null;
}
