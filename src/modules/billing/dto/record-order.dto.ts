import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsEmail, IsIn, IsInt, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';

/** The invoice's billing address (named apart from profile's BillingAddressDto: one schema name each in OpenAPI). */
export class InvoiceAddressDto {
  @ApiProperty() @IsString() @Length(1, 200) line1: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 200) line2?: string;
  @ApiProperty() @IsString() @Length(1, 20) postalCode: string;
  @ApiProperty() @IsString() @Length(1, 100) city: string;
  @ApiProperty({ example: 'NO' }) @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166 alpha-2 code' }) country: string;
}

export class RecordOrderDto {
  @ApiProperty({ description: 'the billing system’s invoice id' })
  @Matches(/^[A-Za-z0-9._:-]{1,80}$/, { message: 'externalId may hold letters, digits and . _ : -' })
  externalId: string;

  @ApiPropertyOptional({ description: 'the customer’s subject id, when the order belongs to an account' })
  @IsOptional()
  @Matches(/^sub_[A-Za-z0-9_-]{10,64}$/, { message: 'subjectId must be a subject id (sub_...)' })
  subjectId?: string;

  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: 'contactEmail must be an email address' }) contactEmail?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) contactName?: string;
  @ApiProperty() @IsString() @Length(1, 200) billingCompany: string;
  @ApiProperty({ type: InvoiceAddressDto }) @ValidateNested() @Type(() => InvoiceAddressDto) billingAddress: InvoiceAddressDto;
  @ApiProperty() @IsString() @Length(1, 200) product: string;
  @ApiProperty({ description: 'amount in minor units (øre, cents)' }) @IsInt({ message: 'amountMinor must be a whole number' }) @Min(0) amountMinor: number;
  @ApiProperty({ example: 'NOK' })
  @IsIn(['NOK', 'EUR', 'USD', 'SEK', 'DKK', 'GBP'], { message: 'currency must be one of NOK, EUR, USD, SEK, DKK, GBP' })
  currency: string;
  @ApiProperty() @Type(() => Date) @IsDate({ message: 'invoiceDate must be an ISO-8601 date' }) invoiceDate: Date;
}
