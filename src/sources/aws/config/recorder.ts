/**
 * What a configuration recorder records, read off its own configuration item
 * (AWS::Config::ConfigurationRecorder, in the CloudFormation-style member names), so a type Config
 * does not record is read from the direct APIs instead of being taken as absent.
 */
import { configuration, type ConfigItem } from "./items.js";

export const RECORDER_TYPE = "AWS::Config::ConfigurationRecorder";

interface RecorderConfiguration {
  Recording?: boolean;
  RecordingGroup?: {
    AllSupported?: boolean;
    IncludeGlobalResourceTypes?: boolean;
    ResourceTypes?: string[];
    ExclusionByResourceTypes?: { ResourceTypes?: string[] };
    RecordingStrategy?: { UseOnly?: string };
  };
}

/** Config's global resource types (recorded once, with awsRegion `global`). */
export function isGlobalType(type: string): boolean {
  return type.startsWith("AWS::IAM::");
}

/** Whether `recorder` records `type` now (a stopped recorder records nothing new). */
export function records(recorder: ConfigItem, type: string): boolean {
  const c = configuration(recorder) as RecorderConfiguration;
  if (c.Recording === false) return false;
  const g = c.RecordingGroup ?? {};
  const strategy = g.RecordingStrategy?.UseOnly ?? (g.AllSupported ? "ALL_SUPPORTED_RESOURCE_TYPES" : "INCLUSION_BY_RESOURCE_TYPES");
  if (strategy === "ALL_SUPPORTED_RESOURCE_TYPES") return !isGlobalType(type) || g.IncludeGlobalResourceTypes === true;
  if (strategy === "EXCLUSION_BY_RESOURCE_TYPES") return !(g.ExclusionByResourceTypes?.ResourceTypes ?? []).includes(type);
  return (g.ResourceTypes ?? []).includes(type);
}
