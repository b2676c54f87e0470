import type { RecordProblem } from '../../lib/appointments-api';
import type { Translator } from '../../lib/i18n';

/** The reasons the server gives for a record it could not take, and how the panel says them. */
const reasons: [RegExp, (t: Translator, m: RegExpExecArray) => string][] = [
  [/^no reference$/, (t) => t('problem_no_reference')],
  [/^no date$/, (t) => t('problem_no_date')],
  [/^no time$/, (t) => t('problem_no_time')],
  [/^no name$/, (t) => t('problem_no_name')],
  [/^no service$/, (t) => t('problem_no_service')],
  [/^date '(.*)' is not a date$/, (t, m) => t('problem_bad_date', { value: m[1]! })],
  [/^time '(.*)' is not a time$/, (t, m) => t('problem_bad_time', { value: m[1]! })],
  [/^reference (.+) is already on line (\d+)$/, (t, m) => t('problem_duplicate', { ref: m[1]!, line: m[2]! })],
  [/^service '(.*)' of the booking system is not mapped to a queue service$/, (t, m) => t('problem_unmapped', { value: m[1]! })],
];

/** "rândul 7: ora „25:00” nu este o oră"; a reason the panel does not know is shown as the server wrote it. */
export function problemText(t: Translator, p: RecordProblem): string {
  const line = /^line (\d+)$/.exec(p.record);
  const record = line ? t('problem_line', { n: line[1]! }) : p.record;
  for (const [pattern, say] of reasons) {
    const m = pattern.exec(p.reason);
    if (m) return t('problemAt', { record, reason: say(t, m) });
  }
  return t('problemAt', { record, reason: p.reason });
}
