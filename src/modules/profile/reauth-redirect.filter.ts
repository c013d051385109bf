import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ReauthRequiredError } from './profile.errors';

/** On the pages, a stale sign-in sends the browser to sign in again instead of showing an error. */
@Catch(ReauthRequiredError)
export class ReauthRedirectFilter implements ExceptionFilter {
  catch(exception: ReauthRequiredError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().redirect(303, exception.reauthUrl);
  }
}
