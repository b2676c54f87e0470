ALTER TABLE `tickets` ADD `first_called_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `served_by` text;--> statement-breakpoint
UPDATE `tickets` SET `first_called_at` = `called_at` WHERE `called_at` IS NOT NULL;