export { listFileAccessCommand, type ListFileAccessCommand } from '@cadre/files';
