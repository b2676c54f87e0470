CREATE TABLE `audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`user_id` integer,
	`username` text,
	`action` text NOT NULL,
	`target` text,
	`device` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
ALTER TABLE `sessions` ADD `counter_id` text;--> statement-breakpoint
ALTER TABLE `users` ADD `disabled` integer DEFAULT false NOT NULL;