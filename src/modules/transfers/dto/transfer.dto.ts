import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { TRANSFER_CATEGORIES } from '../transfers.types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const SUBJECT_ID = /^sub_[A-Za-z0-9_-]{10,64}$/;

export class RecordTransferDto {
  @ApiProperty({ description: 'The recipient (from the registry)' })
  @IsString()
  @Matches(/^[0-9a-f]{24}$/, { message: 'recipientId must be a recipient id (24 hex characters)' })
  recipientId: string;

  @ApiProperty({ type: [String], description: 'Opaque subject ids of the people whose data went (one or a batch)', example: ['sub_AbCdEfGhIjKlMnOp'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'subjectIds must name at least one subject' })
  @ArrayMaxSize(5000, { message: 'subjectIds may name at most 5000 subjects per call' })
  @ArrayUnique({ message: 'subjectIds must not repeat a subject' })
  @Matches(SUBJECT_ID, { each: true, message: 'each subjectId must be a subject id (sub_...)' })
  subjectIds: string[];

  @ApiProperty({ type: [String], enum: TRANSFER_CATEGORIES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TRANSFER_CATEGORIES, { each: true, message: `each category must be one of ${TRANSFER_CATEGORIES.join(', ')}` })
  categories: string[];

  @ApiProperty({ example: 'payment processing' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  purpose: string;

  @ApiProperty({ example: 'contract (Art. 6(1)(b))' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  legalBasis: string;

  @ApiProperty({ description: 'The caller’s key for this disclosure: the same key again records nothing new', example: 'invoice-2026-0042' })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{8,128}$/, { message: 'idempotencyKey must be 8-128 characters of letters, digits, . _ : -' })
  idempotencyKey: string;
}

export class ListTransfersQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[0-9a-f]{24}$/, { message: 'recipientId must be a recipient id' })
  recipientId?: string;

  @ApiPropertyOptional({ enum: TRANSFER_CATEGORIES })
  @IsOptional()
  @IsIn(TRANSFER_CATEGORIES, { message: `category must be one of ${TRANSFER_CATEGORIES.join(', ')}` })
  category?: string;

  @ApiPropertyOptional({ description: 'From this time (inclusive, ISO 8601)' })
  @IsOptional()
  @IsISO8601({}, { message: 'from must be an ISO 8601 date' })
  from?: string;

  @ApiPropertyOptional({ description: 'Up to this time (exclusive, ISO 8601)' })
  @IsOptional()
  @IsISO8601({}, { message: 'to must be an ISO 8601 date' })
  to?: string;

  @ApiPropertyOptional({ description: 'Page: entries before this seq' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,12}$/, { message: 'before must be an entry number' })
  before?: string;
}
