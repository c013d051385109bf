/** The slot of a tick: the nearest whole minute, so instances whose clocks differ by seconds agree. */
export function slotOf(now: Date): string {
  return new Date(Math.round(now.getTime() / 60000) * 60000).toISOString();
}
