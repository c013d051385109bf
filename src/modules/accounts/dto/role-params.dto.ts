import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';

export class RoleParams {
  @ApiProperty({ example: 'sub_3q2...' })
  @IsString()
  @Matches(/^sub_[A-Za-z0-9_-]{10,64}$/, { message: 'subjectId must be a subject id (sub_...)' })
  subjectId: string;

  @ApiProperty({ enum: ['agent', 'admin'] })
  @IsIn(['agent', 'admin'], { message: 'role must be agent or admin' })
  role: 'agent' | 'admin';
}
