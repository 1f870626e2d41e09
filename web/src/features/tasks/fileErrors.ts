import { ApiError } from '../../api/client';
import type { FileRef } from '../../components/files/types';

/** The API's reasons for refusing a named file, as the console says them (anything else is shown as sent). */
const REASONS: [RegExp, string][] = [
  [/not a file you uploaded/, '不是您上传的文件（或已过期删除），请重新上传'],
  [/another purpose/, '是为其他用途上传的，请在此处重新上传'],
  [/attached elsewhere|evidence of another/, '已用于别处，请重新上传'],
  [/listed twice/, '重复添加'],
];
export const fileReason = (message: string) => REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? message;

/**
 * `<field>.<i>.fileId` has no form field of its own: the 400 is put under the upload (`field`), naming the file.
 * Answers the error to throw on (the same one when it names no file).
 */
export function fileErrorsUnder(caught: unknown, field: string, files: readonly Pick<FileRef, 'name'>[]): unknown {
  if (!(caught instanceof ApiError) || caught.status !== 400 || !caught.problem.errors?.length) return caught;
  const prefix = `${field}.`;
  const errors = caught.problem.errors.map((e) => {
    if (!e.path?.startsWith(prefix)) return e;
    const name = files[Number(e.path.split('.')[1])]?.name;
    return { path: field, message: [name, fileReason(e.message)].filter(Boolean).join('：') };
  });
  return new ApiError({ ...caught.problem, errors });
}
