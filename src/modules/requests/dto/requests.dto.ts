import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { UpdateProfileDto } from '../../profile/profile.types';
import { AGENT_CHANNELS, REQUEST_STATUSES, REQUEST_TYPES } from '../requests.types';
import type { RequestStatus, RequestType } from '../requests.types';

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
/** A form's single checkbox arrives as a string, several as an array. */
const list = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Array.isArray(value) ? value : [value]);

export class CreateRequestDto {
  @ApiProperty({ enum: REQUEST_TYPES, description: 'confirmation: "do you hold data about me?"' })
  @IsIn(REQUEST_TYPES as unknown as string[], { message: `type must be one of ${REQUEST_TYPES.join(', ')}` })
  type!: RequestType;

  @ApiProperty({ example: 'kari@example.no' })
  @Transform(lower)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email!: string;

  @ApiPropertyOptional({ description: 'What the request is about, in the requester’s words' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  details?: string;

  @ApiPropertyOptional({ enum: REQUEST_TYPES, isArray: true, description: 'Further rights asked for in the same request' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(6)
  @IsIn(REQUEST_TYPES as unknown as string[], { each: true, message: `alsoRequested must hold only ${REQUEST_TYPES.join(', ')}` })
  alsoRequested?: RequestType[];

  @ApiPropertyOptional({ description: 'child_report: the address of the child’s account, if known' })
  @IsOptional()
  @Transform(lower)
  @IsEmail({}, { message: 'childEmail must be a valid email address' })
  childEmail?: string;

  @ApiPropertyOptional({ enum: ['en', 'nb'] })
  @IsOptional()
  @IsIn(['en', 'nb'])
  locale?: 'en' | 'nb';
}

/** The public form page posts this (plus its CSRF token). */
export class RequestFormDto extends CreateRequestDto {
  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class AgentCreateRequestDto extends CreateRequestDto {
  @ApiProperty({ enum: AGENT_CHANNELS })
  @IsIn(AGENT_CHANNELS as unknown as string[], { message: `channel must be one of ${AGENT_CHANNELS.join(', ')}` })
  channel!: (typeof AGENT_CHANNELS)[number];

  @ApiPropertyOptional({ description: 'The ticket number, chat id or mail thread the request came from' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
}

export class TokenDto {
  @ApiProperty({ description: 'The token from the link' })
  @IsString()
  @Length(10, 200)
  token!: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class ReasonDto {
  @ApiProperty()
  @IsString()
  @Length(3, 2000, { message: 'reason must be 3 to 2000 characters' })
  reason!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 2, description: 'extend: how many months (default 2)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2)
  months?: number;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class NoteDto {
  @ApiProperty()
  @IsString()
  @Length(1, 5000)
  text!: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class AssignDto {
  @ApiPropertyOptional({ description: 'The agent’s subject id; empty or absent: unassign; "me": yourself' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  assignee?: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class CompleteRequestDto {
  @ApiPropertyOptional({ type: UpdateProfileDto, description: 'rectification: the profile fields to correct' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateProfileDto)
  changes?: UpdateProfileDto;

  @ApiPropertyOptional({ description: 'Processor case: the helpdesk tenant (our customer) that controls the data; the requester is referred to it' })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  referTo?: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class QueueQueryDto {
  @IsOptional()
  @IsIn(REQUEST_STATUSES as unknown as string[], { message: `status must be one of ${REQUEST_STATUSES.join(', ')}` })
  status?: RequestStatus;

  @IsOptional()
  @IsIn(REQUEST_TYPES as unknown as string[], { message: `type must be one of ${REQUEST_TYPES.join(', ')}` })
  type?: RequestType;

  @IsOptional()
  @IsDateString({}, { message: 'dueBefore must be an ISO 8601 date' })
  dueBefore?: string;

  @IsOptional()
  @IsIn(['soon', 'overdue'], { message: 'due must be soon or overdue' })
  due?: 'soon' | 'overdue';

  @IsOptional()
  @IsString()
  @MaxLength(100)
  assignee?: string;

  @IsOptional()
  @IsString()
  @MaxLength(60)
  after?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @IsOptional()
  @IsIn(['en', 'nb'])
  lang?: string;
}
