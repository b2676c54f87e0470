CREATE TABLE `appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`external_id` text NOT NULL,
	`ref` text NOT NULL,
	`office_day` text NOT NULL,
	`slot_at` integer NOT NULL,
	`end_at` integer,
	`service_id` text NOT NULL,
	`name` text,
	`status` text NOT NULL,
	`sequence` integer NOT NULL,
	`checked_in_at` integer,
	`ticket_id` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_source_external` ON `appointments` (`source`,`external_id`);--> statement-breakpoint
CREATE INDEX `appointments_day_ref` ON `appointments` (`office_day`,`ref`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer NOT NULL,
	`ok` integer NOT NULL,
	`imported` integer NOT NULL,
	`updated` integer NOT NULL,
	`cancelled` integer NOT NULL,
	`problems` text NOT NULL,
	`error` text
);
