import { SetMetadata } from '@nestjs/common';

export const PERSONAL_DATA_HANDLER = 'rightsdesk:personal-data-handler';

/** Marks a provider as the module's personal-data handler; the registry finds it at boot. */
export const PersonalDataHandler = () => SetMetadata(PERSONAL_DATA_HANDLER, true);
