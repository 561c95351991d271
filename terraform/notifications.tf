# Completion notifications without code: the jobs table's stream -> an EventBridge Pipe that keeps only
# transitions into a terminal status -> the jobs event bus. Rules on the bus choose targets (SNS, SQS, a
# webhook through an API destination). Event shape: docs/api.md "Completion events".

resource "aws_cloudwatch_event_bus" "jobs" {
  name = local.jobs_event_bus_name
}

resource "aws_pipes_pipe" "job_completed" {
  name     = "${local.name}-job-completed"
  role_arn = aws_iam_role.notifications_pipe.arn
  source   = aws_dynamodb_table.jobs.stream_arn
  target   = aws_cloudwatch_event_bus.jobs.arn

  source_parameters {
    dynamodb_stream_parameters {
      starting_position                  = "LATEST"
      batch_size                         = 10
      maximum_retry_attempts             = 10
      maximum_record_age_in_seconds      = 86400
      maximum_batching_window_in_seconds = 1
    }

    # A job entering a terminal status: an update from a non-terminal one, or one created terminal
    # (the dispatcher creates a rejected job when the object is gone).
    filter_criteria {
      filter {
        pattern = jsonencode(local.job_completed_update_pattern)
      }

      filter {
        pattern = jsonencode(local.job_completed_insert_pattern)
      }
    }
  }

  target_parameters {
    input_template = local.job_completed_event_template

    eventbridge_event_bus_parameters {
      source      = "lifestream.jobs"
      detail_type = "Lifestream Job Completed"
    }
  }

  depends_on = [aws_iam_role_policy.notifications_pipe]
}

locals {
  job_completed_update_pattern = {
    eventName = ["MODIFY"]
    dynamodb = {
      NewImage = { status = { S = local.terminal_job_statuses } }
      OldImage = { status = { S = [{ anything-but = local.terminal_job_statuses }] } }
    }
  }

  job_completed_insert_pattern = {
    eventName = ["INSERT"]
    dynamodb = {
      NewImage = { status = { S = local.terminal_job_statuses } }
    }
  }

  # The event's detail. Placeholders are JSON paths into the stream record; owner is absent for jobs from
  # S3 events and error for succeeded jobs (they render empty).
  job_completed_event_template = <<-EOT
    {
      "job_id": "<$.dynamodb.NewImage.job_id.S>",
      "status": "<$.dynamodb.NewImage.status.S>",
      "owner": "<$.dynamodb.NewImage.owner.S>",
      "s3_bucket": "<$.dynamodb.NewImage.s3_bucket.S>",
      "s3_key": "<$.dynamodb.NewImage.s3_key.S>",
      "error": "<$.dynamodb.NewImage.error.S>",
      "created_at": "<$.dynamodb.NewImage.created_at.S>",
      "updated_at": "<$.dynamodb.NewImage.updated_at.S>"
    }
  EOT
}
