import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { REQUEST_TYPES } from '../requests.types';
import type { RequestType } from '../requests.types';

export class SetTypeDto {
  @ApiProperty({ enum: REQUEST_TYPES, description: 'What the request asks for (an email in triage leaves triage)' })
  @IsIn(REQUEST_TYPES as unknown as string[], { message: `type must be one of ${REQUEST_TYPES.join(', ')}` })
  type!: RequestType;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class ReplyDto {
  @ApiProperty({ description: 'The answer to the requester, sent by email through the outbox, threaded' })
  @IsString()
  @Length(1, 20000, { message: 'body must be 1 to 20000 characters' })
  body!: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}
