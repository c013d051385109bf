import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AddressDto, BillingAddressDto } from './address.dto';
import { CompanyDto } from './company.dto';

/** GET /api/profile and the answer to PATCH. Absent values are null. */
export class ProfileResponseDto {
  @ApiProperty({ nullable: true, example: 'Kari Nordmann', type: String })
  name: string | null;

  @ApiProperty({ nullable: true, example: 'kari@example.no', type: String, description: 'Sign-in email; change it with POST /api/profile/email' })
  email: string | null;

  @ApiProperty({ nullable: true, example: '+4791234567', type: String, description: 'E.164' })
  phone: string | null;

  @ApiProperty({ type: CompanyDto, description: 'name, size, type (each null when unknown)' })
  company: { name: string | null; size: string | null; type: string | null };

  @ApiProperty({ type: AddressDto, nullable: true })
  postalAddress: AddressDto | null;

  @ApiProperty({ type: BillingAddressDto, nullable: true })
  billingAddress: BillingAddressDto | null;

  @ApiProperty({ nullable: true, example: '1990-05-17', type: String })
  dateOfBirth: string | null;

  @ApiProperty({ example: 3, description: 'Send it back with PATCH (body `version` or `If-Match: "3"`); also the ETag' })
  version: number;

  @ApiPropertyOptional({
    description: 'Who last set each field: self, agent or provider:<name>. Fields you corrected are never overwritten by a sign-in provider.',
    example: { name: 'self', phone: 'self' },
  })
  sources: Record<string, string>;
}

export class ProfileChangeDto {
  @ApiProperty({ description: 'Pass as ?before= to page' }) id: string;
  @ApiProperty() at: string;
  @ApiProperty({ type: [String], example: ['phone', 'postalAddress'] }) fields: string[];
  @ApiProperty({ example: 'self', description: 'self, agent, provider:<name> or system' }) source: string;
  @ApiPropertyOptional({ example: 4, description: 'The profile version this change created (absent for email and preferences)' }) version?: number;
}

export class TerminationResponseDto {
  @ApiProperty({ example: '2026-01-01T10:00:00.000Z' }) terminatedAt: string;
  @ApiProperty({ example: '2026-01-15T10:00:00.000Z', description: 'terminatedAt + RETENTION_DAYS; cancel before then' }) purgeAfter: string;
}

export class EmailChangeStartedDto {
  @ApiProperty({ example: '2026-01-02T10:00:00.000Z', description: 'The confirmation link works until then' }) expiresAt: string;
}
