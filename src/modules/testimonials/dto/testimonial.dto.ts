import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsMongoId, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DISPLAY_FIELDS, DisplayField } from '../schemas/testimonial.schema';

export class DisplayDto {
  @ApiProperty({ example: 'Kari Nordmann' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ example: 'CTO' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  jobTitle?: string;

  @ApiPropertyOptional({ example: 'Fjord AS' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  company?: string;
}

export class CreateTestimonialDto {
  @ApiProperty({ description: 'The customer quoted (their account subject id)' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'subjectId must be an account subject id' })
  subjectId: string;

  @ApiProperty({ example: 'RightsDesk answered our access requests in a day.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  quote: string;

  @ApiProperty({ type: DisplayDto })
  @ValidateNested()
  @Type(() => DisplayDto)
  display: DisplayDto;

  @ApiPropertyOptional({ description: 'A material connection to disclose beside the quote', example: 'Received a 20% discount' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  materialConnection?: string;
}

export class UpdateTestimonialDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  quote?: string;

  @ApiPropertyOptional({ type: DisplayDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DisplayDto)
  display?: DisplayDto;

  @ApiPropertyOptional({ description: 'Empty string removes it' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  materialConnection?: string;
}

export class ConsentDecisionDto {
  @ApiProperty({ enum: ['grant', 'decline'] })
  @IsIn(['grant', 'decline'])
  decision: 'grant' | 'decline';

  @ApiPropertyOptional({ enum: DISPLAY_FIELDS, isArray: true, description: 'The display fields that may be shown (grant)' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(DISPLAY_FIELDS, { each: true })
  show?: DisplayField[];

  @ApiPropertyOptional({ description: 'The token of the emailed link (when not signed in as the customer)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  token?: string;
}

export class WithdrawDto {
  @ApiPropertyOptional({ description: 'The token of the withdrawal link in the receipt email (when not signed in)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  token?: string;
}

export class RecordedConsentDto {
  @ApiProperty({ enum: DISPLAY_FIELDS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(DISPLAY_FIELDS, { each: true })
  show: DisplayField[];

  @ApiProperty({ description: 'Reference of the recorded call the customer consented on' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  callReference: string;
}

export class AgentWithdrawDto {
  @ApiPropertyOptional({ description: 'How the customer asked (ticket or call reference)' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  reference?: string;
}

export class TestimonialIdParam {
  @IsMongoId({ message: 'id must be a testimonial id' })
  id: string;
}

export class ListTestimonialsQuery {
  @IsOptional()
  @IsIn(['draft', 'consent_requested', 'consented', 'declined', 'published', 'withdrawn', 'removed'])
  status?: string;

  @IsOptional()
  @IsMongoId()
  after?: string;
}

export class AgentActionParam extends TestimonialIdParam {
  @IsIn(['consent-request', 'publish', 'remove', 'withdraw'])
  action: 'consent-request' | 'publish' | 'remove' | 'withdraw';
}
