-- Packages a recipient collects itself (PULL endpoints: the package is put in the outbox/ of its
-- account on the embedded SFTP server). Delivered means there to collect; these say what the
-- recipient did with it: collected_at, when one of its SFTP sessions first read every byte of the
-- package and closed it (PACKAGE_COLLECTED); removed_at, when it then removed the package from its
-- outbox (PACKAGE_REMOVED), which it may do only once collected_at is set. Both are set once.
ALTER TABLE packages ADD COLUMN collected_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE packages ADD COLUMN removed_at TIMESTAMP WITH TIME ZONE;
-- The SFTP server knows a package by its recipient and file name.
CREATE INDEX packages_recipient_file ON packages (recipient, file_name);
