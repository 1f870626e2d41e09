import { fileAccessQuery, fileAuthorizeInput, type Caller, type FileAccessQuery, type RpcRequest } from '@cadre/contracts';
import { requireCaller, validate } from '@cadre/platform';

/** `<owner>.file.authorize`, as every owning service reads it. */
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

/** `<owner>.file.access-log`: the admins' audit of downloads. */
export interface ListFileAccessCommand {
  caller: Caller;
  query: FileAccessQuery;
}

export function listFileAccessCommand(request: RpcRequest): ListFileAccessCommand {
  return { caller: requireCaller(request.caller), query: validate(fileAccessQuery, request.payload ?? {}) };
}
