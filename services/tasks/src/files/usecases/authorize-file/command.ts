export { authorizeFileCommand, type AuthorizeFileCommand } from '@cadre/files';
