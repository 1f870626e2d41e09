import type { UserDocument } from '../../persistence/directory.schemas';

export interface GetMeCommand {
  /** The caller's directory row, as the auth guard read it (briefly cached). */
  user: UserDocument;
}
