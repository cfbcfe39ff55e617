import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ReceivedFile {
  /** Where the bytes wait until the upload is accepted (same directory as the final place: the move is a rename). */
  temporaryPath: string;
  sizeBytes: number;
  sha256: string;
  isUtf8Text: boolean;
}

/**
 * Attachment bytes on disk: DATA_DIR/attachments/<orgId>/<attachmentId>. Both parts of the path are UUIDs the server
 * chose, so nothing a client sends reaches the file system.
 */
export class AttachmentStorage {
  constructor(private readonly root: string) {}

  private directory(orgId: string): string {
    return join(this.root, orgId);
  }

  pathOf(orgId: string, attachmentId: string): string {
    return join(this.directory(orgId), attachmentId);
  }

  /** Streams an upload to a temporary file, measuring, hashing and checking it as UTF-8 text on the way. */
  async receive(orgId: string, source: Readable): Promise<ReceivedFile> {
    const directory = this.directory(orgId);
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const temporaryPath = join(directory, `.incoming-${randomUUID()}`);
    const hash = createHash('sha256');
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let sizeBytes = 0;
    let isUtf8Text = true;
    const inspect = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        if (isUtf8Text) {
          try {
            decoder.decode(chunk, { stream: true });
            if (chunk.includes(0)) isUtf8Text = false;
          } catch {
            isUtf8Text = false;
          }
        }
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, inspect, createWriteStream(temporaryPath, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      await this.discard(temporaryPath);
      throw error;
    }
    if (isUtf8Text) {
      try {
        decoder.decode();
      } catch {
        isUtf8Text = false;
      }
    }
    return { temporaryPath, sizeBytes, sha256: hash.digest('hex'), isUtf8Text };
  }

  async keep(temporaryPath: string, orgId: string, attachmentId: string): Promise<void> {
    await rename(temporaryPath, this.pathOf(orgId, attachmentId));
  }

  async discard(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  open(orgId: string, attachmentId: string): ReadStream {
    return createReadStream(this.pathOf(orgId, attachmentId));
  }
}
