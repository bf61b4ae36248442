/** The quality layer's one error root: a suite that cannot be loaded or evaluated (never worth a blind retry). */
export class QualityError extends Error {
  readonly retriable = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QualityError';
  }
}
