import type { StaffPrincipal } from '@carelink/auth';
import { DomainError, type Decision, type UseCaseContext } from '@carelink/contracts';
import { VISIT, type VisitPhoto, type VisitState } from '../assignment';
import { assertOwnProvider } from '../visibility';

/** A visit's photos: JPEG or PNG, 8 MB each at most, six a visit at most (local choice: evidence, not an album). */
export const PHOTO_RULE = {
  what: 'photo',
  whatZh: '服务照片',
  types: ['image/jpeg', 'image/png'] as ('image/jpeg' | 'image/png')[],
  maxBytes: 8 * 1024 * 1024,
};
export const MAX_PHOTOS_PER_VISIT = 6;

/** Throws unless the worker may add a photo to the visit now: their provider's visit, checked in, room for one more. */
export function assertMayAddPhoto(
  visit: VisitState | undefined,
  principal: StaffPrincipal,
): asserts visit is VisitState {
  if (!visit) throw DomainError.notFound(...VISIT);
  assertOwnProvider(principal, visit.providerId);
  if (visit.status !== 'checked_in')
    throw DomainError.conflict(
      'not_checked_in',
      `photos are taken between check-in and check-out; visit ${visit.visitId} is ${visit.status}`,
      '请在签到后、签退前上传服务照片',
    );
  if ((visit.photos?.length ?? 0) >= MAX_PHOTOS_PER_VISIT)
    throw DomainError.conflict(
      'too_many_photos',
      `a visit has at most ${MAX_PHOTOS_PER_VISIT} photos`,
      `每次服务最多上传${MAX_PHOTOS_PER_VISIT}张照片`,
    );
}

/** Adds a stored photo to the checked-in visit (the bytes are stored first; this records them on the visit). */
export function decideAddPhoto(
  visit: VisitState | undefined,
  { principal, photo }: { principal: StaffPrincipal; photo: Omit<VisitPhoto, 'uploadedBy' | 'uploadedAt'> },
  ctx: UseCaseContext,
): Decision<VisitState, VisitPhoto> {
  assertMayAddPhoto(visit, principal);
  const added: VisitPhoto = { ...photo, uploadedBy: principal.sub, uploadedAt: ctx.now.toISOString() };
  return { state: { ...visit, photos: [...(visit.photos ?? []), added] }, result: added };
}
