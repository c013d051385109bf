import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, Length, Matches } from 'class-validator';

export class PlaceHoldDto {
  @ApiProperty({ example: 'sub_3q2...' })
  @Matches(/^sub_[A-Za-z0-9_-]{10,64}$/, { message: 'subjectId must be a subject id (sub_...)' })
  subjectId: string;

  @ApiProperty({ description: 'why the data must be kept (case reference, authority order); no personal data' })
  @IsString({ message: 'reason is required' })
  @Length(3, 500, { message: 'reason must be 3 to 500 characters' })
  reason: string;

  @ApiPropertyOptional({ description: 'when the hold ends by itself' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'until must be an ISO-8601 date' })
  until?: Date;
}

export class HoldIdParam {
  @Matches(/^[0-9a-f]{24}$/, { message: 'id must be a legal hold id' })
  id: string;
}

export class SubjectQuery {
  @Matches(/^sub_[A-Za-z0-9_-]{10,64}$/, { message: 'subjectId must be a subject id (sub_...)' })
  subjectId: string;
}
