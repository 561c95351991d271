resource "aws_ecs_cluster" "main" {
  name = local.cluster_name

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
  }
}

# One task per job, launched by the dispatcher with per-job environment overrides.
resource "aws_ecs_task_definition" "processor" {
  family                   = local.processor_family
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.processor_cpu
  memory                   = var.processor_memory_mb
  execution_role_arn       = aws_iam_role.processor_execution.arn
  task_role_arn            = aws_iam_role.processor_task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  ephemeral_storage {
    size_in_gib = var.processor_ephemeral_storage_gib
  }

  container_definitions = jsonencode([
    {
      name        = local.processor_container_name
      image       = var.processor_image_uri
      essential   = true
      stopTimeout = var.processor_stop_timeout_seconds
      environment = [
        for name, value in local.processor_environment : { name = name, value = tostring(value) } if tostring(value) != ""
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.processor.name
          awslogs-region        = var.region
          awslogs-stream-prefix = "processor"
        }
      }
    }
  ])
}
