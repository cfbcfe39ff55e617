import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { commonErrors, raise } from '../../http/app-error.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller } from '../access/access.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import type { ChangeEntry } from '../history/history.service.ts';
import { AttachmentRepository } from './attachment.repository.ts';
import type { AttachmentStorage } from './attachment-storage.ts';
import { allowedContentType, cleanFileName } from './attachment-types.ts';
import { followUpErrors } from './follow-up.errors.ts';
import type { Attachment } from './follow-up.schema.ts';
import type { FollowUpService } from './follow-up.service.ts';

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_PER_FOLLOW_UP = 10;

/** One uploaded file as the HTTP layer hands it over (multipart parsing stays in the routes). */
export interface Upload {
  file: Readable;
  fileName: string | undefined;
  declaredType: string;
  /** Once the file was read: whether it was cut at the size limit. */
  truncated(): boolean;
  /** Once the file was read: throws when the request carried anything besides the one file. */
  finish(): Promise<void>;
}

/**
 * Files attached to follow-ups. Whoever may change the follow-up attaches and removes files; whoever sees it
 * downloads them. The type is decided by the content against an allow-list, the bytes are stored under the
 * attachment's id with their SHA-256, and nothing is kept of an upload that is refused.
 */
export class AttachmentService {
  private readonly repository: AttachmentRepository;

  constructor(
    private readonly deps: CrmDependencies,
    private readonly followUps: FollowUpService,
    private readonly storage: AttachmentStorage,
  ) {
    this.repository = new AttachmentRepository(deps.identity.db);
  }

  /** Checked before a byte of the upload is read: not found, not allowed, or already full. */
  async prepareUpload(caller: CrmCaller, rawFollowUpId: string): Promise<string> {
    const followUpId = recordId(rawFollowUpId);
    const followUp = await this.repository.findVisibleFollowUp(caller.scope, followUpId);
    if (!followUp) raise(accessErrors.NOT_FOUND);
    if (!this.followUps.canEdit(caller.scope, followUp.authorUserId)) raise(commonErrors.FORBIDDEN);
    if ((await this.repository.countLive(this.deps.identity.db, followUpId)) >= ATTACHMENTS_PER_FOLLOW_UP) raise(followUpErrors.TOO_MANY_ATTACHMENTS);
    return followUpId;
  }

  async store(caller: CrmCaller, followUpId: string, upload: Upload): Promise<Attachment> {
    const orgId = caller.user.orgId;
    const received = await this.storage.receive(orgId, upload.file);
    let storedPath: string | null = null;
    try {
      if (upload.truncated()) raise(followUpErrors.ATTACHMENT_TOO_LARGE);
      await upload.finish();
      if (received.sizeBytes === 0) raise(followUpErrors.ATTACHMENT_UPLOAD_INVALID);
      const fileName = cleanFileName(upload.fileName);
      const contentType = await allowedContentType({ path: received.temporaryPath, declaredType: upload.declaredType, fileName, isUtf8Text: received.isUtf8Text });
      if (!contentType) raise(followUpErrors.ATTACHMENT_TYPE_NOT_ALLOWED);
      const id = randomUUID();
      let stored: Attachment | undefined;
      await this.followUps.withLockedFollowUp(caller, followUpId, 'live', async (transaction, _customer, followUp) => {
        if ((await this.repository.countLive(transaction, followUpId)) >= ATTACHMENTS_PER_FOLLOW_UP) raise(followUpErrors.TOO_MANY_ATTACHMENTS);
        stored = await this.repository.insert(transaction, { id, orgId, followUpId, fileName, contentType, sizeBytes: received.sizeBytes, sha256: received.sha256, createdBy: caller.user.id });
        await this.deps.history.record(transaction, [this.entry(caller, followUp, 'attachment_added', fileName)]);
        // The last step before the commit: a refused upload leaves no file behind, an accepted one no dangling row.
        await this.storage.keep(received.temporaryPath, orgId, id);
        storedPath = this.storage.pathOf(orgId, id);
      });
      if (!stored) raise(accessErrors.NOT_FOUND);
      return stored;
    } catch (error) {
      await this.storage.discard(received.temporaryPath);
      if (storedPath) await this.storage.discard(storedPath);
      throw error;
    }
  }

  /** The file and what to serve it as, for a caller who may see its follow-up. */
  async open(caller: CrmCaller, rawId: string) {
    const attachment = await this.repository.findVisible(caller.scope, recordId(rawId));
    if (!attachment) raise(accessErrors.NOT_FOUND);
    return { attachment, content: this.storage.open(attachment.orgId, attachment.id) };
  }

  /** Removes the file for good (there is no trash for attachments); the timeline keeps its name. */
  async remove(caller: CrmCaller, rawId: string): Promise<{ id: string }> {
    const attachment = await this.repository.findVisible(caller.scope, recordId(rawId));
    if (!attachment) raise(accessErrors.NOT_FOUND);
    await this.followUps.withLockedFollowUp(caller, attachment.followUpId, 'live', async (transaction, _customer, followUp) => {
      if (!(await this.repository.markDeleted(transaction, attachment.id, followUp.id, new Date()))) raise(accessErrors.NOT_FOUND);
      await this.deps.history.record(transaction, [this.entry(caller, followUp, 'attachment_deleted', attachment.fileName)]);
    });
    await this.storage.discard(this.storage.pathOf(attachment.orgId, attachment.id));
    return { id: attachment.id };
  }

  private entry(caller: CrmCaller, followUp: { id: string; customerId: string }, action: string, fileName: string): ChangeEntry {
    return { orgId: caller.user.orgId, recordType: 'follow_up', recordId: followUp.id, customerId: followUp.customerId, actorUserId: caller.user.id, action, changes: { fileName: { from: null, to: fileName } } };
  }
}
