import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, MaxLength } from 'class-validator';

export class StartSignInQuery {
  @ApiPropertyOptional({ enum: ['1'], description: 'link this provider to the signed-in account' })
  @IsOptional()
  @IsIn(['1'], { message: 'link must be 1' })
  link?: string;

  @ApiPropertyOptional({ enum: ['1'], description: 're-authenticate the signed-in account (recent sign-in for sensitive changes)' })
  @IsOptional()
  @IsIn(['1'], { message: 'reauth must be 1' })
  reauth?: string;

  @ApiPropertyOptional({ description: 'a path on this site to return to after sign-in' })
  @IsOptional()
  @MaxLength(500)
  @Matches(/^\/(?![/\\])[^\s]*$/, { message: 'next must be a path on this site' })
  next?: string;

  @ApiPropertyOptional({ enum: ['en', 'nb'] })
  @IsOptional()
  @IsIn(['en', 'nb'], { message: 'lang must be en or nb' })
  lang?: string;
}

export class ReauthQuery {
  @ApiPropertyOptional({ description: 'a path on this site to return to after the step-up' })
  @IsOptional()
  @MaxLength(500)
  @Matches(/^\/(?![/\\])[^\s]*$/, { message: 'next must be a path on this site' })
  next?: string;

  @ApiPropertyOptional({ enum: ['en', 'nb'] })
  @IsOptional()
  @IsIn(['en', 'nb'], { message: 'lang must be en or nb' })
  lang?: string;
}
