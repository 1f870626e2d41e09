export interface GetDepartmentCommand {
  id: string;
}
