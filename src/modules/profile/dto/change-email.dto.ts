import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength } from 'class-validator';

export class ChangeEmailDto {
  @ApiProperty({ example: 'kari@example.no', description: 'The new address; a confirmation link is sent to it' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid email address' })
  email: string;
}

export class ConfirmEmailDto {
  @ApiProperty({ description: 'The token from the confirmation link' })
  @IsString()
  @MaxLength(200)
  token: string;
}
