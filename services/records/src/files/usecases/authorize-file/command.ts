import { fileAuthorizeInput, type Caller, type RpcRequest } from '@cadre/contracts';
import { requireCaller } from '@cadre/platform';

export interface AuthorizeFileCommand {
  caller: Caller;
  fileId: string;
  /** A download (logged when due) rather than a look at the metadata. */
  download: boolean;
}

export function authorizeFileCommand(request: RpcRequest): AuthorizeFileCommand {
  const caller = requireCaller(request.caller);
  const parsed = fileAuthorizeInput.safeParse(request.payload ?? {});
  // A malformed request names no file the caller may read: the same 404 as any other.
  return { caller, fileId: parsed.success ? parsed.data.fileId : '', download: parsed.success && parsed.data.download };
}
