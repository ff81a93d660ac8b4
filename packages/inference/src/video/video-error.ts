export type VideoErrorCode =
  | 'empty_media'
  | 'unsupported_media'
  | 'not_a_video'
  | 'no_video_stream'
  | 'corrupt_video'
  | 'video_timeout'
  | 'bad_input';

/**
 * The input is not a video this backend can sample. Permanent: the same bytes fail the
 * same way on a retry, so the pool reports it as a non-retryable failure with the code.
 */
export class VideoError extends Error {
  override readonly name = 'VideoError';
  readonly retryable = false;
  constructor(
    readonly code: VideoErrorCode,
    message: string,
  ) {
    super(message);
  }
}
