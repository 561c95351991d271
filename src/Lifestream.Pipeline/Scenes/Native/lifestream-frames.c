/*
 * lifestream-frames: decodes the first video stream of one input with the system's libavformat/libavcodec and
 * converts each frame at its own size to RGB24 with libswscale, exactly as OpenCV's cv2.VideoCapture does
 * (sws_getCachedContext(w, h, format, w, h, BGR24, SWS_BICUBIC); RGB24 differs only in channel order), into a
 * ring of slots in a shared memory file the caller maps. Only small records cross the pipes, so the caller
 * never copies full-size frames through the kernel; decoding stays in its own process, so a hostile input that
 * crashes a decoder takes this process down, not the caller.
 *
 *   lifestream-frames [input options] -i INPUT -shm FILE -slots N [-decode-only]
 *
 * Input options are ffmpeg's names for the same AVOptions (-f DEMUXER, -protocol_whitelist, -rw_timeout,
 * -reconnect..., -skip_loop_filter): each goes to the demuxer, or if the demuxer does not take it to the decoder;
 * an option neither takes is an error, as in ffmpeg.
 *
 * stdout (little-endian): one header record, then one frame record per decoded frame, in decode order:
 *   header: "LSFR" u32 version, i32 width, i32 height, i32 time base num, i32 time base den, f64 rotation degrees,
 *           i32 row stride, i32 slot bytes
 *   frame:  i64 index, i64 pts (INT64_MIN when the frame has none), i32 slot, i32 reserved
 * After the header the caller writes one byte per source row, non-zero for the rows it reads; for yuv420p frames of
 * even height only the row pairs holding those rows are converted (libswscale's unscaled 4:2:0 converter gives each
 * row pair the same pixels alone as in a whole frame: a row depends only on its luma row and its chroma row), the
 * other rows of a slot are left as they were. Other formats are converted whole.
 * Frame k's pixels are in slot (k mod N) of FILE (N * slot bytes), each row `row stride` bytes after the one before:
 * libswscale's SIMD stores want aligned rows and may write a little past a row's last pixel, as OpenCV allows for by
 * converting into an aligned, padded frame. Before it reuses a
 * slot the helper reads one byte from stdin: the caller writes one byte per frame it has finished with. EOF on
 * stdin ends the run (exit 0, the caller stopped reading).
 * Times are the ones ffmpeg's CLI reports: the best-effort timestamp less the input's start time.
 * Exit codes: 0 done, 1 failure (a message on stderr), 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>

#define PROTOCOL_VERSION 1
#define ROW_ALIGN 64
#define SLOT_ALIGN 4096
#define MAX_RUN_PAIRS 8

/* Converts the row pairs [first_pair, first_pair + pairs) of a 4:2:0 frame into the slot rows they cover. */
static int convert_pairs(struct SwsContext** cache, const AVFrame* frame, int first_pair, int pairs, uint8_t* slot, int stride)
{
    *cache = sws_getCachedContext(*cache, frame->width, 2 * pairs, frame->format, frame->width, 2 * pairs, AV_PIX_FMT_RGB24, SWS_BICUBIC, NULL, NULL, NULL);
    if (*cache == NULL)
    {
        return -1;
    }

    const uint8_t* planes[4] = {
        frame->data[0] + (ptrdiff_t)(2 * first_pair) * frame->linesize[0],
        frame->data[1] + (ptrdiff_t)first_pair * frame->linesize[1],
        frame->data[2] + (ptrdiff_t)first_pair * frame->linesize[2],
        NULL};
    int strides[4] = {frame->linesize[0], frame->linesize[1], frame->linesize[2], 0};
    uint8_t* out[4] = {slot + (ptrdiff_t)(2 * first_pair) * stride, NULL, NULL, NULL};
    int out_strides[4] = {stride, 0, 0, 0};
    sws_scale(*cache, planes, strides, 0, 2 * pairs, out, out_strides);
    return 0;
}

static const char* program = "lifestream-frames";

static int fail(const char* what, int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {0};
    av_strerror(code, text, sizeof text);
    fprintf(stderr, "%s: %s: %s\n", program, what, text);
    return 1;
}

static int usage(const char* why)
{
    fprintf(stderr, "%s: %s\nusage: %s [input options] -i INPUT -shm FILE -slots N [-decode-only]\n", program, why, program);
    return 2;
}

/* Moves all `size` bytes through `fd` (reading when `into` is set, else writing `from`): 0, or -1 when the other
 * end closed (the caller stopped reading or writing). */
static int transfer(int fd, char* into, const char* from, size_t size)
{
    while (size > 0)
    {
        ssize_t n = into != NULL ? read(fd, into, size) : write(fd, from, size);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }

        if (n <= 0)
        {
            return -1;
        }

        into = into != NULL ? into + n : NULL;
        from = from != NULL ? from + n : NULL;
        size -= (size_t)n;
    }

    return 0;
}

static int write_all(const void* data, size_t size) { return transfer(STDOUT_FILENO, NULL, data, size); }

static int read_all(void* data, size_t size) { return transfer(STDIN_FILENO, data, NULL, size); }

/* 1: the caller released a slot; 0: the caller closed stdin (it stopped reading). */
static int wait_for_release(void)
{
    char byte;
    return read_all(&byte, 1) == 0;
}

struct run
{
    AVFormatContext* format;
    AVCodecContext* decoder;
    AVPacket* packet;
    AVFrame* frame;
    struct SwsContext* convert;
    struct SwsContext* convert_rows[MAX_RUN_PAIRS + 1]; /* by run length in row pairs */
    int stream;
    int64_t start_offset; /* subtracted from every timestamp, in the stream's time base */
    int flushing;
    int64_t packets;
    int64_t packet_errors;
};

/* 1: a frame is in run->frame; 0: the end of the stream; < 0: an error. */
static int next_frame(struct run* run)
{
    for (;;)
    {
        int r = avcodec_receive_frame(run->decoder, run->frame);
        if (r == 0)
        {
            return 1;
        }

        if (r == AVERROR_EOF)
        {
            return 0;
        }

        if (r != AVERROR(EAGAIN))
        {
            return r;
        }

        r = av_read_frame(run->format, run->packet);
        if (r == AVERROR_EOF)
        {
            if (run->flushing)
            {
                return 0;
            }

            run->flushing = 1;
            r = avcodec_send_packet(run->decoder, NULL);
            if (r < 0 && r != AVERROR_EOF)
            {
                return r;
            }

            continue;
        }

        if (r < 0)
        {
            return r;
        }

        if (run->packet->stream_index == run->stream)
        {
            run->packets++;
            r = avcodec_send_packet(run->decoder, run->packet);
            if (r < 0 && r != AVERROR(EAGAIN))
            {
                /* Like ffmpeg's CLI: a damaged packet is reported and skipped, the stream goes on. */
                char text[AV_ERROR_MAX_STRING_SIZE] = {0};
                av_strerror(r, text, sizeof text);
                fprintf(stderr, "%s: packet %" PRId64 " did not decode: %s\n", program, run->packets, text);
                run->packet_errors++;
            }
        }

        av_packet_unref(run->packet);
    }
}

int main(int argc, char** argv)
{
    const char* input = NULL;
    const char* shm_path = NULL;
    const char* demuxer = NULL;
    int slots = 0;
    int decode_only = 0;
    AVDictionary* options = NULL;

    for (int i = 1; i < argc; i++)
    {
        const char* a = argv[i];
        if (strcmp(a, "-decode-only") == 0)
        {
            decode_only = 1;
            continue;
        }

        if (a[0] != '-' || i + 1 >= argc)
        {
            return usage(a[0] == '-' ? "an option has no value" : "arguments must be options");
        }

        const char* value = argv[++i];
        if (strcmp(a, "-i") == 0)
        {
            input = value;
        }
        else if (strcmp(a, "-shm") == 0)
        {
            shm_path = value;
        }
        else if (strcmp(a, "-slots") == 0)
        {
            slots = atoi(value);
        }
        else if (input != NULL)
        {
            return usage("input options go before -i");
        }
        else if (strcmp(a, "-f") == 0)
        {
            demuxer = value;
        }
        else
        {
            av_dict_set(&options, a + 1, value, 0);
        }
    }

    if (input == NULL)
    {
        return usage("no input (-i)");
    }

    if (!decode_only && (shm_path == NULL || slots < 1 || slots > 64))
    {
        return usage("-shm FILE and -slots 1..64 are required");
    }

    av_log_set_level(AV_LOG_ERROR);
    struct run run = {0};
    const AVInputFormat* format = NULL;
    if (demuxer != NULL && (format = av_find_input_format(demuxer)) == NULL)
    {
        fprintf(stderr, "%s: unknown demuxer '%s'\n", program, demuxer);
        return 1;
    }

    int r = avformat_open_input(&run.format, input, format, &options);
    if (r < 0)
    {
        return fail("cannot open the input", r);
    }

    if ((r = avformat_find_stream_info(run.format, NULL)) < 0)
    {
        return fail("cannot read the stream parameters", r);
    }

    /* The first video stream, as ffmpeg's -map 0:v:0 and OpenCV pick it. */
    run.stream = -1;
    for (unsigned s = 0; s < run.format->nb_streams; s++)
    {
        if (run.format->streams[s]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO)
        {
            run.stream = (int)s;
            break;
        }
    }

    if (run.stream < 0)
    {
        fprintf(stderr, "%s: the input has no video stream\n", program);
        return 1;
    }

    AVStream* stream = run.format->streams[run.stream];
    const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
    if (codec == NULL)
    {
        fprintf(stderr, "%s: no decoder for codec '%s'\n", program, avcodec_get_name(stream->codecpar->codec_id));
        return 1;
    }

    run.decoder = avcodec_alloc_context3(codec);
    if (run.decoder == NULL || (r = avcodec_parameters_to_context(run.decoder, stream->codecpar)) < 0)
    {
        return fail("cannot set up the decoder", run.decoder == NULL ? AVERROR(ENOMEM) : r);
    }

    run.decoder->pkt_timebase = stream->time_base;
    av_dict_set(&options, "threads", "auto", 0);
    if ((r = avcodec_open2(run.decoder, codec, &options)) < 0)
    {
        return fail("cannot open the decoder", r);
    }

    const AVDictionaryEntry* unused = av_dict_get(options, "", NULL, AV_DICT_IGNORE_SUFFIX);
    if (unused != NULL)
    {
        fprintf(stderr, "%s: option '-%s' is not an option of the demuxer or the decoder\n", program, unused->key);
        return 1;
    }

    av_dict_free(&options);
    run.start_offset = run.format->start_time == AV_NOPTS_VALUE ? 0 : av_rescale_q(run.format->start_time, AV_TIME_BASE_Q, stream->time_base);
    double rotation = 0;
    const uint8_t* matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, NULL);
    if (matrix != NULL)
    {
        rotation = -av_display_rotation_get((const int32_t*)matrix);
        if (rotation != rotation)
        {
            rotation = 0;
        }
    }

    run.packet = av_packet_alloc();
    run.frame = av_frame_alloc();
    if (run.packet == NULL || run.frame == NULL)
    {
        return fail("out of memory", AVERROR(ENOMEM));
    }

    int width = 0;
    int height = 0;
    int stride = 0;
    size_t slot_bytes = 0;
    uint8_t* rows_read = NULL;
    uint8_t* ring = NULL;
    int64_t index = 0;
    while ((r = next_frame(&run)) == 1)
    {
        AVFrame* frame = run.frame;
        if (decode_only)
        {
            index++;
            av_frame_unref(frame);
            continue;
        }

        if (index == 0)
        {
            width = frame->width;
            height = frame->height;
            stride = FFALIGN(width * 3, ROW_ALIGN);
            slot_bytes = FFALIGN((size_t)stride * (size_t)height + ROW_ALIGN, SLOT_ALIGN);
            int fd = open(shm_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
            if (fd < 0 || ftruncate(fd, (off_t)(slot_bytes * (size_t)slots)) != 0)
            {
                fprintf(stderr, "%s: cannot create the frame file: %s\n", program, strerror(errno));
                return 1;
            }

            ring = mmap(NULL, slot_bytes * (size_t)slots, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            close(fd);
            if (ring == MAP_FAILED)
            {
                fprintf(stderr, "%s: cannot map the frame file: %s\n", program, strerror(errno));
                return 1;
            }

            struct
            {
                char magic[4];
                uint32_t version;
                int32_t width, height, tb_num, tb_den;
                double rotation;
                int32_t stride, slot_bytes;
            } header = {{'L', 'S', 'F', 'R'}, PROTOCOL_VERSION, width, height, stream->time_base.num, stream->time_base.den, rotation, stride, (int32_t)slot_bytes};
            if (write_all(&header, sizeof header) != 0)
            {
                return 0;
            }

            rows_read = malloc((size_t)height);
            if (rows_read == NULL)
            {
                return fail("out of memory", AVERROR(ENOMEM));
            }

            if (read_all(rows_read, (size_t)height) != 0)
            {
                return 0;
            }
        }
        else if (frame->width != width || frame->height != height)
        {
            fprintf(stderr, "%s: the frame size changed from %dx%d to %dx%d at frame %" PRId64 "\n", program, width, height, frame->width, frame->height, index);
            return 1;
        }

        if (index >= slots && !wait_for_release())
        {
            return 0;
        }

        int slot = (int)(index % slots);
        uint8_t* target = ring + slot_bytes * (size_t)slot;
        if ((frame->format == AV_PIX_FMT_YUV420P || frame->format == AV_PIX_FMT_YUVJ420P) && height % 2 == 0)
        {
            for (int pair = 0; pair < height / 2;)
            {
                if (!rows_read[2 * pair] && !rows_read[2 * pair + 1])
                {
                    pair++;
                    continue;
                }

                int pairs = 1;
                while (pairs < MAX_RUN_PAIRS && pair + pairs < height / 2 && (rows_read[2 * (pair + pairs)] || rows_read[2 * (pair + pairs) + 1]))
                {
                    pairs++;
                }

                if (convert_pairs(&run.convert_rows[pairs], frame, pair, pairs, target, stride) != 0)
                {
                    fprintf(stderr, "%s: libswscale cannot convert pixel format '%s' to rgb24\n", program, av_get_pix_fmt_name(frame->format));
                    return 1;
                }

                pair += pairs;
            }
        }
        else
        {
            run.convert = sws_getCachedContext(run.convert, width, height, frame->format, width, height, AV_PIX_FMT_RGB24, SWS_BICUBIC, NULL, NULL, NULL);
            if (run.convert == NULL)
            {
                fprintf(stderr, "%s: libswscale cannot convert pixel format '%s' to rgb24\n", program, av_get_pix_fmt_name(frame->format));
                return 1;
            }

            uint8_t* planes[4] = {target, NULL, NULL, NULL};
            int strides[4] = {stride, 0, 0, 0};
            sws_scale(run.convert, (const uint8_t* const*)frame->data, frame->linesize, 0, height, planes, strides);
        }
        int64_t pts = frame->best_effort_timestamp == AV_NOPTS_VALUE ? INT64_MIN : frame->best_effort_timestamp - run.start_offset;
        struct
        {
            int64_t index, pts;
            int32_t slot, reserved;
        } record = {index, pts, slot, 0};
        av_frame_unref(frame);
        if (write_all(&record, sizeof record) != 0)
        {
            return 0;
        }

        index++;
    }

    if (r < 0)
    {
        return fail("decoding failed", r);
    }

    /* ffmpeg's CLI gives up on a stream when over two thirds of its packets fail (-max_error_rate). */
    if (run.packets > 0 && run.packet_errors * 3 > run.packets * 2)
    {
        fprintf(stderr, "%s: %" PRId64 " of %" PRId64 " packets did not decode\n", program, run.packet_errors, run.packets);
        return 1;
    }

    if (index == 0)
    {
        fprintf(stderr, "%s: the input has no decodable video frames\n", program);
        return 1;
    }

    if (decode_only)
    {
        printf("%" PRId64 " frames\n", index);
    }

    sws_freeContext(run.convert);
    for (int i = 0; i <= MAX_RUN_PAIRS; i++)
    {
        sws_freeContext(run.convert_rows[i]);
    }

    free(rows_read);
    av_frame_free(&run.frame);
    av_packet_free(&run.packet);
    avcodec_free_context(&run.decoder);
    avformat_close_input(&run.format);
    return 0;
}
