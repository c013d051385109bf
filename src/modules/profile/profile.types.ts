/** What other modules may use of profile besides its service: the shape of a profile change (agent rectification). */
export { UpdateProfileDto } from './dto/update-profile.dto';
