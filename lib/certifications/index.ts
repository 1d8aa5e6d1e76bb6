// Platform-signed certifications (issue 5, "Publishing and the signed certification").
export { publishSubmission, type PublishSubmissionOptions } from './publish-submission';
export { issueCertification, statementUrl, statusUrl, CERTIFICATIONS_ACTOR } from './issue-certification';
export { reissueExpiring, runCertificationMaintenance, startCertificationMaintenance } from './reissue-expiring';
export { revokeCertification } from './revoke-certification';
export { certificationStatus, certificationStatement, type CertificationStatus } from './certification-status';
export { syncAttestation, pushPendingAttestations, type AttestationSync } from './attestation';
export { buildCertificationStatement, signCertificationStatement, CERTIFICATION_PREDICATE_TYPE, type CertificationPredicate } from './statement';
export { certificationConfig } from './config';
