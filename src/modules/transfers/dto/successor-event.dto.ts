import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { TRANSFER_CATEGORIES } from '../transfers.types';

export class CreateSuccessorEventDto {
  @ApiProperty({ description: 'The successor (a recipient of kind successor)' })
  @IsString()
  @Matches(/^[0-9a-f]{24}$/, { message: 'recipientId must be a recipient id (24 hex characters)' })
  recipientId: string;

  @ApiProperty({ example: '2027-03-01T00:00:00Z', description: 'When the data moves (in the future)' })
  @IsISO8601({ strict: true }, { message: 'effectiveAt must be an ISO 8601 date' })
  effectiveAt: string;

  @ApiProperty({ type: [String], enum: TRANSFER_CATEGORIES })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TRANSFER_CATEGORIES, { each: true, message: `each category must be one of ${TRANSFER_CATEGORIES.join(', ')}` })
  categories: string[];
}

export class EventIdParam {
  @IsString()
  @Matches(/^[0-9a-f]{24}$/, { message: 'id must be an event id (24 hex characters)' })
  id: string;
}

export class SuccessorEventFormDto extends CreateSuccessorEventDto {
  @IsOptional()
  @IsString()
  _csrf?: string;
}
