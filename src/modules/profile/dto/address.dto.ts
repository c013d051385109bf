import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCountryCode, IsSingleLine, Trim, TrimUpper } from '../validation/profile-validators';

/** A postal address. The whole address is replaced when it is sent; send null to remove it. */
export class AddressDto {
  @ApiProperty({ example: 'Storgata 1', maxLength: 200 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  line1: string;

  @ApiPropertyOptional({ example: 'c/o Nordmann', maxLength: 200, nullable: true })
  @Trim()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  line2?: string | null;

  @ApiProperty({ example: '0155', maxLength: 12, description: 'Letters, digits, spaces and hyphens' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(12)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, { message: 'postalCode may hold letters, digits, spaces and hyphens only' })
  postalCode: string;

  @ApiProperty({ example: 'Oslo', maxLength: 100 })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @IsSingleLine()
  city: string;

  @ApiPropertyOptional({ example: 'Oslo', maxLength: 100, nullable: true, description: 'State, county or province' })
  @Trim()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSingleLine()
  region?: string | null;

  @ApiProperty({ example: 'NO', description: 'ISO 3166-1 alpha-2 country code' })
  @TrimUpper()
  @IsString()
  @IsCountryCode()
  country: string;
}

/** The billing address, with the company that is invoiced when it is not you. */
export class BillingAddressDto extends AddressDto {
  @ApiPropertyOptional({ example: 'Nordmann AS', maxLength: 200, nullable: true, description: 'Billing company (the invoiced party)' })
  @Trim()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  companyName?: string | null;
}
