export type DoctorCheckName = 'docker' | 'image' | 'dataDir' | 'provider';

export interface DoctorCheck {
  name: DoctorCheckName;
  label: string;
  ok: boolean;
  /** What was found, e.g. "engine 24.0.7 (API 1.43)". */
  detail: string;
  /** What to do when the check failed. */
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}
