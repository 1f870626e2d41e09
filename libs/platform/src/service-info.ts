/** The version a service reports (health answers, trace resource): `SERVICE_VERSION`, set by the deployment to the image tag. */
export function serviceVersion(): string {
  return process.env.SERVICE_VERSION || process.env.npm_package_version || '0.1.0';
}
