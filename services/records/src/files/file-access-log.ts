/** One download of evidence by someone other than its uploader: `@cadre/files`' access log, in the records database. */
export { FILE_ACCESS_LOG, type FileAccessEntry } from '@cadre/files';
