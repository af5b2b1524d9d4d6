package org.fedvae.participant.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder of ordinary image files (PNG, JPEG, GIF, BMP) of any size and colour, as a real site
 * holds them. Each image becomes width x height grey pixels in [0, 1]: luminance (Rec. 601),
 * transparent pixels count as black (MNIST's background), then an area average onto the target
 * grid (the image is stretched, not cropped, so nothing is cut off). Images directly in the
 * folder have no label; images in a sub-folder are labelled by the sub-folder's position in
 * sorted order. Files are read in sorted path order, so a load is reproducible. Other files are
 * skipped; an image file that cannot be decoded stops the load with its name.
 */
public final class ImageFolder {

    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");

    private ImageFolder() {}

    public static ImageSet load(Path dir, int width, int height) throws DatasetException {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(dir + ": not a folder");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Path> classes = new ArrayList<>();
        try (Stream<Path> top = Files.list(dir)) {
            for (Path p : top.sorted().toList()) {
                if (Files.isDirectory(p)) {
                    classes.add(p);
                } else if (isImage(p)) {
                    files.add(p);
                    labels.add(ImageSet.NO_LABEL);
                }
            }
            for (int label = 0; label < classes.size(); label++) {
                try (Stream<Path> inClass = Files.walk(classes.get(label))) {
                    for (Path p : inClass.filter(Files::isRegularFile)
                            .filter(ImageFolder::isImage)
                            .sorted()
                            .toList()) {
                        files.add(p);
                        labels.add(label);
                    }
                }
            }
        } catch (IOException e) {
            throw new DatasetException(dir + ": cannot list: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new DatasetException(dir + ": no image files (looked for " + EXTENSIONS + ", also one folder down)");
        }
        int size = width * height;
        float[] pixels = new float[files.size() * size];
        for (int i = 0; i < files.size(); i++) {
            toGrey(read(files.get(i)), width, height, pixels, i * size);
        }
        return ImageSet.of(pixels, labels.stream().mapToInt(Integer::intValue).toArray(), width, height);
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static BufferedImage read(Path file) throws DatasetException {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new DatasetException(file + ": not a readable image (unknown or corrupt format)");
            }
            return img;
        } catch (DatasetException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(file + ": cannot decode image: " + e.getMessage(), e);
        }
    }

    /** Area-averages the image's luminance onto a width x height grid written at dst[offset..]. */
    static void toGrey(BufferedImage img, int width, int height, float[] dst, int offset) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        double[] sum = new double[width * height];
        double[] area = new double[width * height];
        // Each source pixel covers [x, x+1) x [y, y+1); spread it over the target cells it overlaps.
        double sx = (double) width / w;
        double sy = (double) height / h;
        for (int y = 0; y < h; y++) {
            double y0 = y * sy;
            double y1 = (y + 1) * sy;
            for (int x = 0; x < w; x++) {
                int p = argb[y * w + x];
                double alpha = ((p >>> 24) & 0xff) / 255.0;
                double lum =
                        (0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff)) / 255.0 * alpha;
                double x0 = x * sx;
                double x1 = (x + 1) * sx;
                for (int ty = (int) y0; ty < height && ty < y1; ty++) {
                    double oy = Math.min(y1, ty + 1) - Math.max(y0, ty);
                    for (int tx = (int) x0; tx < width && tx < x1; tx++) {
                        double o = oy * (Math.min(x1, tx + 1) - Math.max(x0, tx));
                        if (o > 0) {
                            sum[ty * width + tx] += lum * o;
                            area[ty * width + tx] += o;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            dst[offset + i] = area[i] > 0 ? (float) Math.min(1.0, sum[i] / area[i]) : 0f;
        }
    }
}
