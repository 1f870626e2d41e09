export interface BootstrapDirectoryCommand {
  rootDepartment: { code: string; name: string };
  adminPassword: string;
  /** The built-in development password, which the policy would refuse. */
  isDevelopmentPassword: boolean;
}
