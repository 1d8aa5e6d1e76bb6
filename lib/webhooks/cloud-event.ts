import { randomUUID } from 'node:crypto';
import { appUrl } from '../mail/messages';

// CloudEvents 1.0 in structured JSON mode (content type application/cloudevents+json).
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
}

export function platformSource(): string {
  return appUrl('/').replace(/\/+$/, '');
}

export function cloudEvent<T>(type: string, data: T, opts: { subject?: string; source?: string; time?: Date } = {}): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: opts.source ?? platformSource(),
    type,
    ...(opts.subject ? { subject: opts.subject } : {}),
    time: (opts.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}
