import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { ChangedElsewhere, IsCalendarDate, IsPhone, IsSingleLine, ToE164, Trim } from '../validation/profile-validators';
import { AddressDto, BillingAddressDto } from './address.dto';
import { CompanyDto } from './company.dto';

/**
 * PATCH /api/profile: send only the fields you change. `null` removes a field. Objects (company,
 * addresses) are replaced as a whole. Unknown fields are refused. Nothing is saved when any field is
 * invalid. Send the `version` you read (or `If-Match: "<version>"`) to refuse overwriting a newer edit.
 */
export class UpdateProfileDto {
  @ApiPropertyOptional({ description: 'The version you read (GET /api/profile); a newer one on the server gives 409', example: 3 })
  @IsOptional()
  @IsInt()
  @Min(0)
  version?: number;

  @ApiPropertyOptional({ example: 'Kari Nordmann', maxLength: 200, nullable: true })
  @Trim()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsSingleLine()
  name?: string | null;

  @ApiPropertyOptional({ example: '+4791234567', nullable: true, description: 'With country code; stored in E.164' })
  @ToE164()
  @IsOptional()
  @IsString()
  @IsPhone()
  phone?: string | null;

  @ApiPropertyOptional({ type: CompanyDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CompanyDto)
  company?: CompanyDto | null;

  @ApiPropertyOptional({ type: AddressDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  postalAddress?: AddressDto | null;

  @ApiPropertyOptional({ type: BillingAddressDto, nullable: true, description: 'Billing address; companyName is the billing company' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => BillingAddressDto)
  billingAddress?: BillingAddressDto | null;

  @ApiPropertyOptional({ example: '1990-05-17', nullable: true, description: 'YYYY-MM-DD, a real date in the past' })
  @Trim()
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  dateOfBirth?: string | null;

  @ApiPropertyOptional({ deprecated: true, description: 'Not changed here: POST /api/profile/email sends a confirmation link to the new address' })
  @ValidateIf((o: UpdateProfileDto) => o.email !== undefined)
  @ChangedElsewhere('is changed through POST /api/profile/email, which sends a confirmation link to the new address')
  email?: unknown;
}
