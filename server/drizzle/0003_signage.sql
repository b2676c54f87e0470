CREATE TABLE `app_settings` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `media` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`file` text,
	`mime` text,
	`bytes` integer,
	`text` text,
	`duration_seconds` integer NOT NULL,
	`position` integer NOT NULL,
	`active` integer NOT NULL,
	`schedule` text NOT NULL,
	`shown_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
