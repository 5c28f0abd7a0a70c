/** Output types of the renderers (pure data; channels map them onto their own messages). */

/** A file attached to a message (same shape as the channels' `Attachment`). */
export interface RenderedAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** A message rendered for one recipient: a subject, plain text and HTML (UTF-8), attachments. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  attachments?: RenderedAttachment[];
}
