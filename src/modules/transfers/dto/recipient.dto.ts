import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { RECIPIENT_KINDS, TRANSFER_CATEGORIES, TRANSFER_MECHANISMS } from '../transfers.types';
import type { DataCategory } from '../../../core/personal-data/personal-data.types';
import type { RecipientKind, TransferMechanism } from '../transfers.types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A form posts a list as one comma-separated field, or as one value for a single ticked box. */
const list = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class CreateRecipientDto {
  @ApiProperty({ example: 'Acme Billing Services Ltd', description: 'Legal name' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: RECIPIENT_KINDS })
  @IsIn(RECIPIENT_KINDS, { message: `kind must be one of ${RECIPIENT_KINDS.join(', ')}` })
  kind: RecipientKind;

  @ApiProperty({ example: 'IE', description: 'ISO 3166-1 alpha-2 country code' })
  @Transform(upper)
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as NO or IE' })
  country: string;

  @ApiProperty({ enum: TRANSFER_MECHANISMS, description: 'eea (no third-country transfer), adequacy, scc, bcr, derogation' })
  @IsIn(TRANSFER_MECHANISMS, { message: `mechanism must be one of ${TRANSFER_MECHANISMS.join(', ')}` })
  mechanism: TransferMechanism;

  @ApiProperty({ type: [String], example: ['payment processing'] })
  @Transform(list)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  purposes: string[];

  @ApiProperty({ type: [String], enum: TRANSFER_CATEGORIES })
  @Transform(list)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TRANSFER_CATEGORIES, { each: true, message: `each category must be one of ${TRANSFER_CATEGORIES.join(', ')}` })
  categories: DataCategory[];

  @ApiProperty({ example: 'privacy@acme.example', description: 'Where Art. 19 notices go' })
  @Transform(trim)
  @IsEmail({}, { message: 'noticeEmail must be an email address' })
  @MaxLength(254)
  noticeEmail: string;

  @ApiPropertyOptional({ example: 'DPA-2026-014', description: 'The data processing / intra-group agreement' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  agreementRef?: string;

  @ApiPropertyOptional({ example: 'Skatteforvaltningsloven § 10-1', description: 'Required for an authority: the law requiring the disclosure' })
  @ValidateIf((o: CreateRecipientDto) => o.kind === 'authority' || o.legalReference !== undefined)
  @Transform(trim)
  @IsString({ message: 'legalReference is required for an authority (the law that requires the disclosure)' })
  @IsNotEmpty({ message: 'legalReference is required for an authority (the law that requires the disclosure)' })
  @MaxLength(300)
  legalReference?: string;

  @ApiPropertyOptional({ enum: ['en', 'nb'], description: 'Language of the notices (default en)' })
  @IsOptional()
  @IsIn(['en', 'nb'])
  locale?: 'en' | 'nb';

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'activeFrom must be an ISO 8601 date' })
  activeFrom?: string;

  @ApiPropertyOptional({ example: '2028-12-31T23:59:59Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'activeUntil must be an ISO 8601 date' })
  activeUntil?: string;
}

export class UpdateRecipientDto {
  @ApiProperty({ description: 'The version read (a concurrent edit gives 409 RECIPIENT_CHANGED)' })
  @IsInt()
  @Min(0)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(upper)
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as NO or IE' })
  country?: string;

  @ApiPropertyOptional({ enum: TRANSFER_MECHANISMS })
  @IsOptional()
  @IsIn(TRANSFER_MECHANISMS, { message: `mechanism must be one of ${TRANSFER_MECHANISMS.join(', ')}` })
  mechanism?: TransferMechanism;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  purposes?: string[];

  @ApiPropertyOptional({ type: [String], enum: TRANSFER_CATEGORIES })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TRANSFER_CATEGORIES, { each: true, message: `each category must be one of ${TRANSFER_CATEGORIES.join(', ')}` })
  categories?: DataCategory[];

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'noticeEmail must be an email address' })
  @MaxLength(254)
  noticeEmail?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  agreementRef?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  legalReference?: string;

  @ApiPropertyOptional({ enum: ['en', 'nb'] })
  @IsOptional()
  @IsIn(['en', 'nb'])
  locale?: 'en' | 'nb';

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'activeFrom must be an ISO 8601 date' })
  activeFrom?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'activeUntil must be an ISO 8601 date' })
  activeUntil?: string;
}

export class RecipientIdParam {
  @IsString()
  @Matches(/^[0-9a-f]{24}$/, { message: 'id must be a recipient id (24 hex characters)' })
  id: string;
}

export class ListRecipientsQuery {
  @ApiPropertyOptional({ enum: RECIPIENT_KINDS })
  @IsOptional()
  @IsIn(RECIPIENT_KINDS, { message: `kind must be one of ${RECIPIENT_KINDS.join(', ')}` })
  kind?: RecipientKind;

  @ApiPropertyOptional({ description: 'Page: the last id of the previous page' })
  @IsOptional()
  @Matches(/^[0-9a-f]{24}$/, { message: 'before must be a recipient id' })
  before?: string;
}

/** The admin page's form: the same fields, plus the CSRF token. */
export class RecipientFormDto extends CreateRecipientDto {
  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class CsrfOnlyDto {
  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class NoticeAckFormDto {
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{20,100}$/, { message: 'token must be the token from the link' })
  token: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}
