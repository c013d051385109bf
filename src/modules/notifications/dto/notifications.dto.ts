import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

export class PreferencesDto {
  @ApiProperty({ description: 'newsletters and offers; service and legal notices are always sent' })
  @IsBoolean({ message: 'marketing must be true or false' })
  marketing: boolean;
}

export class PublishPolicyDto {
  @ApiProperty({ example: '2027-01' })
  @Matches(/^[A-Za-z0-9._-]{1,40}$/, { message: 'version may hold letters, digits, . _ - (at most 40)' })
  version: string;

  @ApiProperty({ example: '2027-01-15T00:00:00Z' })
  @Type(() => Date)
  @IsDate({ message: 'effectiveAt must be an ISO-8601 date' })
  effectiveAt: Date;

  @ApiProperty({ description: 'material changes are emailed to every active account before they take effect' })
  @IsBoolean({ message: 'material must be true or false' })
  material: boolean;

  @ApiProperty()
  @IsString({ message: 'summary is required' })
  @Length(3, 2000, { message: 'summary must be 3 to 2000 characters' })
  summary: string;
}

export class VersionParam {
  @Matches(/^[A-Za-z0-9._-]{1,40}$/, { message: 'version is not a policy version' })
  version: string;
}

export class TokenQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  token?: string;

  @IsOptional()
  @IsIn(['en', 'nb'])
  lang?: string;
}

export class OneClickBody {
  @IsOptional()
  @IsString()
  'List-Unsubscribe'?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  token?: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

export class TemplateParams {
  @Matches(/^[a-z0-9.-]{1,80}$/, { message: 'name is not a template name' })
  name: string;
}

export class PreviewQuery {
  @IsOptional()
  @IsIn(['en', 'nb'], { message: 'locale must be en or nb' })
  locale?: 'en' | 'nb';
}
