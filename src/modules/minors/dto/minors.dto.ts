import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { REPORT_STATUSES, ReportStatus } from '../schemas/minors.schemas';

export class AgeCheckDto {
  @ApiProperty({ example: '1990-05-17', description: 'Date of birth, YYYY-MM-DD' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date, YYYY-MM-DD' })
  dateOfBirth!: string;

  @ApiPropertyOptional({ example: 'Europe/Oslo', description: 'The person’s IANA time zone, when the browser tells it' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({ description: 'Pages: where to go next' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  next?: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class AgentReportDto {
  @ApiPropertyOptional({ description: 'An address of the child’s account' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string;

  @ApiPropertyOptional({ description: 'The account’s subject id' })
  @IsOptional()
  @IsString()
  @Length(3, 100)
  subjectId?: string;

  @ApiProperty({ description: 'What the agent saw or was told' })
  @IsString()
  @Length(3, 5000, { message: 'details must be 3 to 5000 characters' })
  details!: string;
}

export class DecisionDto {
  @ApiProperty({ description: 'Why (shown to agents; the reporter is told only the outcome)' })
  @IsString()
  @Length(3, 2000, { message: 'reason must be 3 to 2000 characters' })
  reason!: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class ReportQueueQueryDto {
  @ApiPropertyOptional({ enum: REPORT_STATUSES })
  @IsOptional()
  @IsIn(REPORT_STATUSES as unknown as string[])
  status?: ReportStatus;

  @ApiPropertyOptional({ description: 'The `next` of the previous page' })
  @IsOptional()
  @Matches(/^[0-9a-f]{24}$/i, { message: 'before must be a report id' })
  before?: string;
}
