import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** A session's public handle (never its id), as GET /api/sessions lists it. */
export class SessionHandleParam {
  @ApiProperty({ description: 'The session handle from GET /api/sessions', example: 'Q2hyb21lT25MaW51eDEyMz' })
  @Matches(/^[A-Za-z0-9_-]{22}$/, { message: 'id must be a session id from GET /api/sessions' })
  id: string;
}
