/**
 * Spending rules, pure. A payment needs an administrator's approval when it is above the
 * person's limit for one payment, above the company's approval threshold, or would take the
 * person over their daily limit. Administrators are not limited: they are the ones who approve.
 */

export interface Limits {
  perPaymentMinor: number;
  perDayMinor: number;
}

export interface CompanyLimits extends Limits {
  approvalThresholdMinor: number;
}

export const APPROVAL_REASONS = ["over_payment_limit", "over_company_threshold", "over_daily_limit"] as const;
export type ApprovalReason = (typeof APPROVAL_REASONS)[number];

/** A person's limits: their own where an administrator set them, else the company's defaults. */
export function effectiveLimits(own: Partial<Limits> | undefined, company: CompanyLimits): Limits {
  return {
    perPaymentMinor: own?.perPaymentMinor ?? company.perPaymentMinor,
    perDayMinor: own?.perDayMinor ?? company.perDayMinor,
  };
}

/** Reasons that do not depend on what was spent today (the daily check is an atomic reservation). */
export function staticApprovalReasons(
  totalMinor: number,
  limits: Limits,
  company: CompanyLimits,
): ApprovalReason[] {
  const reasons: ApprovalReason[] = [];
  if (totalMinor > limits.perPaymentMinor) reasons.push("over_payment_limit");
  if (totalMinor > company.approvalThresholdMinor) reasons.push("over_company_threshold");
  return reasons;
}

export { dayOf } from "../lib/time-zone.js";
