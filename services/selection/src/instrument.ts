import { startTelemetry } from '@cadre/platform/telemetry';

startTelemetry({ serviceName: 'selection' });
